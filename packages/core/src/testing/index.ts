export { captureDslError } from './captureDslError.js';
export { fragmentSteps, type RenderFragmentOptions, renderFragment } from './renderFragment.js';
