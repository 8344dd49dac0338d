// All the apps of the differential suite, area by area.

import type { AppCase } from '../types.js';
import { bodyCases } from './body.js';
import { errorCases } from './errors.js';
import { featureCases } from './features.js';
import { fileCases } from './files.js';
import { mountingCases } from './mounting.js';
import { proxyCases } from './proxy.js';
import { requestCases } from './request.js';
import { responseCases } from './response.js';
import { routingCases } from './routing.js';
import { targetCases } from './targets.js';

/** Every app, in the order the suite runs them. */
export const cases: readonly AppCase[] = [
  ...routingCases,
  ...mountingCases,
  ...errorCases,
  ...requestCases,
  ...responseCases,
  ...fileCases,
  ...bodyCases,
  ...proxyCases,
  ...targetCases,
  ...featureCases,
];
