#!/usr/bin/env -S node --import tsx --no-warnings
// bin/ is CommonJS (bin/package.json); oclif is told the package root, not this file.
'use strict';
const { join } = require('node:path');

import('@oclif/core').then(({ execute }) => execute({ development: true, dir: join(__dirname, '..') }));
