/** The duty engine's public surface: evaluation, calendar helpers, rule versions and the preset policy. */
export {
  type DateInput,
  DEFAULT_CALENDAR,
  parsePeriodKey,
  periodKey,
  periodLabel,
  periodRange,
  periodsBetween,
  termKey,
} from '#server/rules/calendar/civil.ts';
export {
  appliesTo,
  compareIds,
  type EvaluateAllInput,
  evaluate,
  evaluateAll,
  type GroupedRecords,
  groupRecordsBySubject,
  recordCounts,
} from './engine.ts';
export {
  PRESET_EFFECTIVE_FROM,
  PRESET_POLICY_CODES,
  PRESET_POPULATIONS,
  type PresetOptions,
  type PresetPolicyCode,
  presetDutyRules,
  presetPolicy,
} from './preset.ts';
export type {
  DutyExemption,
  DutyId,
  DutyRecord,
  DutySubject,
  EvaluateInput,
  PopulationEntry,
} from './types.ts';
export { ruleVersionAt } from './versions.ts';
