import { describe, expect, it } from 'vitest';
import { openedEngagementPath } from './recentDocuments';

describe('openedEngagementPath', () => {
  it.each(['engagement.open', 'engagement.create'])('takes the path the core answered after %s', (method) => {
    expect(openedEngagementPath(method, { result: { path: '/e/contoso.cwb', details: {} } })).toBe('/e/contoso.cwb');
  });

  it('ignores failures, the demo and every other call', () => {
    expect(openedEngagementPath('engagement.open', { error: { code: 'NOT_FOUND', message: 'gone' } })).toBeNull();
    expect(openedEngagementPath('engagement.openDemo', { result: { path: '/data/demo.cwb' } })).toBeNull();
    expect(openedEngagementPath('answer.set', { result: { path: '/e/x.cwb' } })).toBeNull();
  });

  it('ignores an answer without a usable path', () => {
    expect(openedEngagementPath('engagement.open', { result: null })).toBeNull();
    expect(openedEngagementPath('engagement.open', { result: { path: '' } })).toBeNull();
    expect(openedEngagementPath('engagement.create', { result: { path: 42 } })).toBeNull();
  });
});
