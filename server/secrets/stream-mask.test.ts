import { describe, expect, it } from 'vitest';
import { SecretMasker } from './masker.js';
import { StreamMask } from './stream-mask.js';

const secret = 'sk-live-9f8e7d6c5b4a';
const masker = new SecretMasker([secret, 'tok_12345']);
const mask = (text: string) => masker.mask(text);

function streamed(text: string, size: number): string[] {
  const stream = new StreamMask(mask, masker.longest);
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(stream.push(text.slice(i, i + size)));
  out.push(stream.end());
  return out;
}

describe('StreamMask', () => {
  it('sends no piece of a secret split across pieces, and the pieces join to the masked whole', () => {
    const text = `Your key is ${secret}, and the token tok_12345 too; ${secret.slice(0, 7)} alone is not one.`;
    for (const size of [1, 2, 3, 5, 8, 13, 40]) {
      const pieces = streamed(text, size);
      expect(pieces.join('')).toBe(mask(text));
      for (const piece of pieces) {
        expect(piece).not.toContain(secret.slice(0, 8));
        expect(piece).not.toContain('tok_1234');
      }
    }
  });

  it('holds back no more than the longest secret, so an answer still streams', () => {
    const pieces = streamed('word '.repeat(40), 5);
    expect(pieces.filter((p) => p.length > 0).length).toBeGreaterThan(30);
  });
});
