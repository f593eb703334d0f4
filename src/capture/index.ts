/** `ldapmock/capture`: a real directory into an anonymised fixture. */
export { Anonymiser } from './anonymiser.js';
export {
  CaptureError,
  type CaptureOptions,
  type CaptureResult,
  capture,
  DEFAULT_CAPTURE_PASSWORD,
} from './capture.js';
export { type CaptureReport, formatReport } from './shape-report.js';
