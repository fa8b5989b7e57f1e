// Generating cases
export { generateCase, MAX_INSTRUCTIONS } from './generator.js';
export type { TestCase, CaseRegisters } from './generator.js';
export { TEMPLATES } from './templates.js';
export type { Instruction } from './templates.js';

// Running and comparing
export { CaseRunner } from './run-case.js';
export type { CaseOutcome } from './run-case.js';
export { compareOutcomes, describeDifference, COMPARED_FLAGS } from './compare.js';
export { runDifftest, selfCheck, caseSeed } from './difftest.js';
export type { DifftestSummary, SelfCheckSummary, Mismatch } from './difftest.js';
