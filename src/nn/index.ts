/** PyTorch-style layers (`nn`) and the functional namespace (`F`). Layout: NCHW. */
export { Module } from './module.js';
export type { ForwardHook } from './module.js';
export { Parameter, isParameter } from './parameter.js';
export { Conv2d } from './layers/conv.js';
export type { Conv2dOptions } from './layers/conv.js';
export { MaxPool2d, AvgPool2d, AdaptiveAvgPool2d } from './layers/pool.js';
export { Linear, ReLU, LeakyReLU, Sigmoid, Tanh, Softmax, LogSoftmax, Flatten, Dropout, Identity, Sequential } from './layers/basic.js';
export { CrossEntropyLoss, NLLLoss, BCEWithLogitsLoss, MSELoss, L1Loss, SmoothL1Loss } from './layers/loss.js';
export * as init from './init.js';
