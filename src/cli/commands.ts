import type { CliCommand } from './cliCommand';

/**
 * Every subcommand, loaded only when invoked so `strata --help` stays instant.
 * Each feature adds its command file under src/cli/ and one line here.
 */
export const cliCommands: Record<string, () => Promise<CliCommand>> = {
  check: async () => (await import('./check')).checkCommand,
  lessons: async () => (await import('./lessons')).lessonsCommand,
  deploy: async () => (await import('./deploy')).deployCommand,
  demo: async () => (await import('./demo')).demoCommand,
  doctor: async () => (await import('./doctor')).doctorCommand,
  simulate: async () => (await import('./simulate')).simulateCommand,
  experiment: async () => (await import('./experiment')).experimentCommand,
  run: async () => (await import('./run')).runCommand,
  calibrate: async () => (await import('./calibrate')).calibrateCommand,
};
