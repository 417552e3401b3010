// Per-document memory bounded by count and by the characters it keeps alive.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RecentDocuments } from '../../../server/src/util/recentDocuments';

describe('RecentDocuments', () => {
  it('drops the least recently stored documents past the count', () => {
    const recent = new RecentDocuments<string>(2, Infinity);
    recent.set('a', 'A', 1);
    recent.set('b', 'B', 1);
    recent.set('a', 'A2', 1);
    recent.set('c', 'C', 1);
    assert.equal(recent.get('b'), undefined, 'b was the oldest once a was stored again');
    assert.equal(recent.get('a'), 'A2');
    assert.equal(recent.get('c'), 'C');
  });

  it('drops old documents past the weight, but always keeps the newest', () => {
    const recent = new RecentDocuments<string>(10, 100);
    recent.set('a', 'A', 60);
    recent.set('b', 'B', 30);
    recent.set('c', 'C', 30);
    assert.equal(recent.get('a'), undefined);
    assert.equal(recent.get('b'), 'B');
    recent.set('huge', 'H', 500);
    assert.equal(recent.get('huge'), 'H', 'the newest stays even alone over the bound');
    assert.equal(recent.get('b'), undefined);
    assert.equal(recent.get('c'), undefined);
    recent.set('d', 'D', 10);
    assert.equal(recent.get('huge'), undefined, 'its weight no longer counts once it is dropped');
    assert.equal(recent.get('d'), 'D');
  });

  it('replacing a document replaces its weight', () => {
    const recent = new RecentDocuments<string>(10, 100);
    recent.set('a', 'A', 90);
    recent.set('a', 'A2', 10);
    recent.set('b', 'B', 80);
    assert.equal(recent.get('a'), 'A2');
    assert.equal(recent.get('b'), 'B');
  });
});
