#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build:cli` (run by `prepare` on install).
import '../dist/cli/main.js';
