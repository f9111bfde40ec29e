/** Error messages: they name the op or layer, both shapes, and the numbers that went wrong. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { F, layers, ones, tensor, zeros } from '../../src/index.js';
import { onEachBackend } from '../helpers/backends.js';

/** Asserts fn throws and the message contains every fragment. */
function throwsWith(fn: () => unknown, ...fragments: string[]): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof Error, 'expected an Error');
    for (const f of fragments) assert.ok(e.message.includes(f), `message ${JSON.stringify(e.message)} lacks ${JSON.stringify(f)}`);
    return true;
  });
}

onEachBackend('error messages', () => {
  test('mismatched broadcast names both shapes', () => {
    throwsWith(() => ones([2, 3]).add(ones([4, 3])), 'add', '[2, 3]', '[4, 3]', 'cannot be broadcast');
    throwsWith(() => ones([5, 1, 3]).mul(ones([2, 4])), 'mul', '[5, 1, 3]', '[2, 4]');
    throwsWith(() => ones([3]).lt(ones([2])), 'lt', '[3]', '[2]');
  });

  test('conv2d with strictSize: 7×7 input, 3×3 kernel, stride 3 is "not a whole number" (2.33), named', () => {
    throwsWith(
      () => F.conv2d(zeros([1, 1, 7, 7]), zeros([2, 1, 3, 3]), null, { stride: 3, strictSize: true, name: 'conv_x' }),
      'conv_x', 'not a whole number', '2.33', '(7 − 3 + 0)/3 + 1',
    );
    // Without strictSize it floors like PyTorch: floor(4/3) + 1 = 2.
    assert.deepEqual([...F.conv2d(zeros([1, 1, 7, 7]), zeros([2, 1, 3, 3]), null, { stride: 3 }).shape], [1, 2, 2, 2]);
  });

  test('Keras Conv2D with strides 3 on 7×7 reports the layer name and 2.33', () => {
    const conv = layers.Conv2D(4, 3, { strides: 3, name: 'conv_x' });
    // Keras layers see NCHW inside a Sequential (which converts channels-last input once).
    throwsWith(() => conv.call(zeros([1, 1, 7, 7])), 'conv_x', 'not a whole number', '2.33');
    // A stride that fits is fine: (7 − 3)/2 + 1 = 3.
    assert.deepEqual([...layers.Conv2D(4, 3, { strides: 2 }).call(zeros([1, 1, 7, 7])).shape], [1, 4, 3, 3]);
  });

  test('a kernel larger than the padded input "does not fit"', () => {
    throwsWith(() => F.conv2d(zeros([1, 1, 4, 4]), zeros([1, 1, 7, 7]), null, { padding: 1 }), 'conv2d', 'does not fit', 'height of 4', 'padding 1');
    throwsWith(() => F.conv2d(zeros([1, 1, 9, 2]), zeros([1, 1, 1, 3])), 'does not fit', 'width of 2');
    // Dilation enlarges the window: 3 taps dilated by 3 span 7 > 5.
    throwsWith(() => F.conv2d(zeros([1, 1, 5, 5]), zeros([1, 1, 3, 3]), null, { dilation: 3, name: 'dil' }), 'dil', 'does not fit', 'dilated to 7');
    // Exactly fitting is fine.
    assert.deepEqual([...F.conv2d(zeros([1, 1, 5, 5]), zeros([1, 1, 7, 7]), null, { padding: 1 }).shape], [1, 1, 1, 1]);
    throwsWith(() => F.maxPool2d(zeros([1, 1, 2, 2]), { kernelSize: 3 }), 'maxPool2d', 'does not fit');
  });

  test('conv2d shape errors name the shapes', () => {
    throwsWith(() => F.conv2d(zeros([1, 3, 5, 5]), zeros([2, 2, 3, 3])), 'expected input with 2 channels', '[1, 3, 5, 5]');
    throwsWith(() => F.conv2d(zeros([3, 5, 5]), zeros([2, 3, 3, 3])), 'expected input [N, C, H, W]', '[3, 5, 5]');
    throwsWith(() => F.conv2d(zeros([1, 4, 5, 5]), zeros([3, 2, 3, 3]), null, { groups: 2 }), 'groups=2');
    throwsWith(() => F.conv2d(zeros([1, 2, 5, 5]), zeros([3, 2, 3, 3]), zeros([2])), 'expected bias [3]', '[2]');
  });

  test('other ops name themselves and the offending values', () => {
    throwsWith(() => tensor([[1, 2]]).matmul(tensor([[1, 2]])), 'matmul', '(2 vs 1)');
    throwsWith(() => ones([2, 3]).reshape(4, 2), 'reshape', '[2, 3]', '[4, 2]');
    throwsWith(() => ones([2, 3]).sum(2), 'sum', 'axis 2', 'rank 2');
    throwsWith(() => F.linear(ones([2, 3]), ones([4, 5])), 'linear', '5 features', '[2, 3]');
    throwsWith(() => F.crossEntropy(ones([2, 3]), tensor(Int32Array.from([0, 3]))), 'target 3 is out of range for 3 classes');
    throwsWith(() => F.crossEntropy(ones([2, 3]), tensor([0, 1])), 'expected integer class indices');
    throwsWith(() => F.mseLoss(ones([2, 3]), ones([3, 2])), 'mseLoss', '[2, 3]', '[3, 2]');
  });
});
