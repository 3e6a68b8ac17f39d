import { describe, expect, it } from 'vitest';
import { retrainBlock, retrainSettingsFor } from '#core/unit/steps/retrain-guard.js';
import { skipReasonText } from '#core/unit/upgrade-decision.js';

const invalid = [{ kind: 'corpus', name: 'faq', error: 'bad encoding' }] as const;

describe('retrainSettingsFor', () => {
  it.each([
    { run: false, instance: false, platform: 'cloud', optedIn: false },
    { run: true, instance: false, platform: 'cloud-pak', optedIn: true },
    { run: false, instance: true, platform: 'cloud', optedIn: true },
  ] as const)(
    'run $run, instance $instance on $platform: opted in $optedIn',
    ({ run, instance, platform, optedIn }) => {
      expect(
        retrainSettingsFor({ retrainImprovedModels: run }, { retrainImprovedModels: instance, platform }),
      ).toEqual({ optedIn, platform });
    },
  );
});

describe('retrainBlock', () => {
  it.each([
    { platform: 'cloud', status: 'available', resources: [], strict: true, key: undefined },
    { platform: 'cloud-pak', status: 'ready', resources: [], strict: true, key: undefined },
    {
      platform: 'cloud-pak',
      status: 'available',
      resources: [],
      strict: true,
      key: 'retrain-needs-a-change',
    },
    { platform: 'cloud', status: 'available', resources: invalid, strict: true, key: 'invalid-resources' },
    { platform: 'cloud', status: 'available', resources: invalid, strict: false, key: undefined },
  ] as const)('$platform, $status, $resources.length invalid, strict $strict: $key', (row) => {
    expect(retrainBlock(row.platform, row.status, row.resources, row.strict)?.key).toBe(row.key);
  });

  it('names each invalid resource and what to do', () => {
    expect(retrainBlock('cloud', 'available', invalid, true)?.text).toBe(
      "not retrained: invalid corpus 'faq' (bad encoding); fix or remove them, or run with strict: false",
    );
    expect(retrainBlock('cloud-pak', 'available', [], true)?.text).toBe(
      skipReasonText['retrain-needs-a-change'],
    );
  });
});
