import { skiffProject } from '../../vitest.project.ts';

export default skiffProject();
