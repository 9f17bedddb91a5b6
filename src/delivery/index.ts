// The sender side's entry points for other code (public API, demo, check, replay): typed, no printing.
export { sendKind, sendPrepared, runChains, type DeliveryResult, type SendEnv } from './chains.js';
export { prepareSend, planChains, checkRequest, type SendRequest, type PlannedDelivery, type DeliveryChain } from './plan.js';
export { deliver, type Attempt, type DeliverEnv, type DeliverOutcome } from './retry.js';
export { sleep as realSleep } from '../util/sleep.js';
export { prepareRequest, shouldGzip, parseHeaderLine, type PreparedRequest, type GzipMode, type Auth, type EncodeOptions } from './request.js';
export { resolvePolicy, isSuccess, retryDelay, type DeliveryPolicy, type PolicyOverrides } from './policy.js';
export { describeRequest, toCurl, type RequestView } from './describe.js';
export { sharedDispatcher, closeSharedDispatcher } from './attempt.js';
export { startStream, checkStream, type StreamRequest, type StreamEnv, type StreamRun, type StreamSummary, type StreamStatus, type StreamEvent } from './stream.js';
export { PauseMachine, PauseRegistry, PAUSE_DEFAULTS, isPauseError, type PauseOptions, type PauseState, type PauseTransition } from './pause.js';
