// Runs before `pnpm pack` / `pnpm publish` in a package directory (its "prepack" script):
// refuses a packer that would ship `workspace:` ranges, then empties dist/ so the build that
// follows ships only what today's sources produce.
import { readFileSync, rmSync } from 'node:fs';

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
// biome-ignore lint/suspicious/noUndeclaredEnvVars: the package manager running this sets it; no build reads it.
const agent = process.env.npm_config_user_agent ?? '';
const workspaceRanges = Object.entries({ ...manifest.dependencies, ...manifest.peerDependencies })
  .filter(([, range]) => String(range).startsWith('workspace:'))
  .map(([name, range]) => `${name}@${range}`);

// pnpm replaces `workspace:` ranges with real versions when it packs; npm and yarn copy them
// as they are, and no package manager can install the result.
if (workspaceRanges.length > 0 && !agent.startsWith('pnpm/')) {
  console.error(
    `${manifest.name}: ${agent.split(' ')[0] || 'this packer'} would ship ${workspaceRanges.join(', ')}, ` +
      'which no package manager can install. Pack with pnpm instead: `npx -y pnpm@10 pack:all` at the ' +
      'repository root writes both tarballs to dist-packages/ (or run `npx -y pnpm@10 pack` here).',
  );
  process.exit(1);
}

rmSync('dist', { recursive: true, force: true });
