import { loggablePath } from './logging';

describe('paths as the request log holds them', () => {
  it('drops the query and hides an invitation token in the path', () => {
    expect(loggablePath('/api/councils/S12000047/renewals.ics?token=secret-feed-token')).toBe('/api/councils/S12000047/renewals.ics');
    expect(loggablePath('/api/alerts/12/snooze?token=secret-mail-token')).toBe('/api/alerts/12/snooze');
    expect(loggablePath('/invite/3Yk2secretinvitetoken')).toBe('/invite/[redacted]');
    expect(loggablePath('/invite/3Yk2secretinvitetoken?x=1')).toBe('/invite/[redacted]');
    expect(loggablePath('/contracts/12')).toBe('/contracts/12');
    expect(loggablePath(undefined)).toBe('');
  });
});
