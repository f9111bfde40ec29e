/** The X-or-X case study, the X/O letter generator and the small CNN that tells them apart. */
export { CLEAN_X, DEFORMED_X, XO_FILTERS, XO_IMAGES, featureMaps, featureMapAt, matchCentres, pixelAgreement, isPerfectMatch, matricesToTensor } from './case-study.js';
export type { Matrix, XoFilter } from './case-study.js';
export { drawLetter, XO_CLASSES, TRAIN_DEFORMATION, HARD_DEFORMATION } from './letters.js';
export type { LetterDeformation, XoLetter } from './letters.js';
export { XoLetters } from './dataset.js';
export type { XoLettersOptions } from './dataset.js';
export { XoNet, xoNetFeatureSide } from './model.js';
export { trainXoClassifier, predictXo, HELDOUT_SEED_OFFSET } from './train.js';
export type { XoTrainOptions, XoTrainResult, XoEpochResult, XoPrediction } from './train.js';
