/** The boundary: untrusted scenario text and data in, a typed scenario (or path-named errors) out, and the wiring onto the model. */
export {
  scenarioSchema,
  scenarioJsonSchema,
  SCENARIO_VERSION,
  type Scenario,
  type ScenarioInput,
  type ProducerSpec,
  type BrokerSpec,
  type ConsumerGroupSpec,
} from './schema';
export { validateScenario, parseScenario, type ValidationResult } from './validate';
export { applyPresets } from './apply-preset';
export { parseScenarioText, MAX_SCENARIO_BYTES, MAX_SCENARIO_DEPTH, type ParseResult } from './text';
export { applyOverrides, type OverrideResult } from './overrides';
export { build, type BuiltModel, type BuildOptions, type ModelProbe } from './build';
export type { BuiltGroup } from './build-groups';
export { formatErrors, formatPath, ScenarioValidationError, type ScenarioError } from './errors';
export { loadScenarioText, type LoadResult } from './load';
export { BASE_VARIANT, COMPARISON_OPS, type ComparisonOp, type Expectation, type VariantSpec } from './schema-expect';
export { evaluateExpectations, expectationApplies, expectationName, holds, lookup, type ExpectationResult } from './expectations';
export { applyVariant, variantAssignments, variantNames } from './variants';
export { parseReportPath, formatReportPath } from './report-path';
export { captionsOf, MAX_CAPTION_CHARS, type CaptionAction } from './schema-caption';
export { closedFormOf } from './closed-form';
