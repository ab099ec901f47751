import { describe, expect, it } from 'vitest';
import { productNamed } from './highlight.js';

describe('productNamed', () => {
  it('finds a product by its id or by words of its name, and nothing for unrelated words', () => {
    expect(productNamed('mug-002')?.id).toBe('mug-002');
    expect(productNamed('speckled stoneware mug')?.name).toBe('Speckled Stoneware Mug');
    expect(productNamed('teapot')?.name).toBe('Ceramic Teapot');
    expect(productNamed('spaceship')).toBeUndefined();
  });
});
