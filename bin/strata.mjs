#!/usr/bin/env node
// Runs the CLI from a bundle of its sources (bin/cliBundle.mjs keeps it up to date), so
// `npx strata` works right after `npm install` and starts without transpiling TypeScript.
import { pathToFileURL } from 'node:url';
import { cliEntry } from './cliBundle.mjs';

const { main } = await import(pathToFileURL(await cliEntry()).href);
process.exitCode = await main(process.argv.slice(2));
