#!/usr/bin/env node
// CommonJS (see bin/package.json): the CLI starts without Node's ES module loader (src/cli/boot.ts).
'use strict';
const { join } = require('node:path');

require('../dist/cli/boot.cjs').runCli(join(__dirname, '..'));
