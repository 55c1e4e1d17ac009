export { collectImages, collectImageUses, type ImageUse } from './collectImages.js';
export { canonicalImageName, DEFAULT_REGISTRY, hasVariable, type ImageRef, parseImageRef } from './imageRef.js';
export {
  type ImageLock,
  LOCK_FILE_NAME,
  LOCK_FILE_VERSION,
  type LockedImage,
  parseImageLock,
  serializeImageLock,
} from './lockfile.js';
export { type PinImagesOptions, pinImages } from './pinImages.js';
