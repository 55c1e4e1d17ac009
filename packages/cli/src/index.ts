export { isGenerated } from './commands/buildCompile.js';
