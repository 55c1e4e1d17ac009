export { isGenerated } from './commands/build.js';
