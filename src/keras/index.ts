/**
 * Keras-style API: `layers` (factories, called like Keras' `layers.Dense(10)`) and `sequential([...])`.
 * Images are channels-last at the model's edge. The layer classes are exported as `layerClasses`.
 */
import * as L from './layers.js';

export const layers = {
  Conv2D: (...a: ConstructorParameters<typeof L.Conv2D>): L.Conv2D => new L.Conv2D(...a),
  MaxPool2D: (...a: ConstructorParameters<typeof L.MaxPool2D>): L.MaxPool2D => new L.MaxPool2D(...a),
  MaxPooling2D: (...a: ConstructorParameters<typeof L.MaxPool2D>): L.MaxPool2D => new L.MaxPool2D(...a),
  AveragePooling2D: (...a: ConstructorParameters<typeof L.AveragePooling2D>): L.AveragePooling2D => new L.AveragePooling2D(...a),
  Flatten: (...a: ConstructorParameters<typeof L.Flatten>): L.Flatten => new L.Flatten(...a),
  Dense: (...a: ConstructorParameters<typeof L.Dense>): L.Dense => new L.Dense(...a),
  Dropout: (...a: ConstructorParameters<typeof L.Dropout>): L.Dropout => new L.Dropout(...a),
  ReLU: (...a: ConstructorParameters<typeof L.ReLU>): L.ReLU => new L.ReLU(...a),
  Softmax: (...a: ConstructorParameters<typeof L.Softmax>): L.Softmax => new L.Softmax(...a),
  Activation: (...a: ConstructorParameters<typeof L.Activation>): L.Activation => new L.Activation(...a),
};
export * as layerClasses from './layers.js';
export { resetLayerNames } from './layers.js';
export type { Layer, ActivationName, KernelInitializer, Conv2DOptions, DenseOptions, LayerOptions } from './layers.js';
export { Sequential, sequential } from './sequential.js';
export type { CompileOptions, FitArgs, LossName } from './sequential.js';
