#!/usr/bin/env node
// Last step of `npm run build`: records that dist/ is complete (see scripts/lib/build-stamp.mjs).
import { writeBuildStamp } from './lib/build-stamp.mjs';

writeBuildStamp(new URL('..', import.meta.url).pathname);
