#!/usr/bin/env node
// Runs the CLI from a bundle of its sources (bin/cliBundle.mjs keeps it up to date), so
// `npx strata` works right after `npm install` and starts without transpiling TypeScript;
// from the sources through tsx when the bundle cannot be built.
import { pathToFileURL } from 'node:url';
import { cliEntry } from './cliBundle.mjs';

const entry = await cliEntry();
if (!entry.bundled) (await import('tsx/esm/api')).register();
const { main } = await import(pathToFileURL(entry.path).href);
process.exitCode = await main(process.argv.slice(2));
