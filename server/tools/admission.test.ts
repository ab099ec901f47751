import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../bridge/policy/index.js';
import { POLICY_CASES } from '../../bridge/policy/cases.js';
import type { ClientTool } from '../../bridge/protocol/index.js';
import { admitTools } from './admission.js';

const tool = (name: string, origin: ClientTool['origin'] = 'webmcp'): ClientTool => ({
  name,
  description: `The ${name} tool`,
  parametersSchema: { type: 'object' },
  origin,
});

describe('admitTools agrees with the bridge on the shared policy table', () => {
  for (const c of POLICY_CASES) {
    it(`${c.admitted ? 'admits' : 'rejects'} ${JSON.stringify(c.tool).slice(0, 40)} from ${c.origin.slice(0, 40)}`, () => {
      const { admitted, rejected, decisions } = admitTools([tool(c.tool)], compilePolicy(c.settings), c.origin);
      expect(admitted.map((t) => t.name)).toEqual(c.admitted ? [c.tool] : []);
      expect(rejected).toEqual(c.admitted ? [] : [{ name: c.tool, reason: c.reason }]);
      expect(decisions).toEqual([{ toolName: c.tool, status: c.admitted ? 'admitted' : 'rejected', reason: c.reason }]);
    });
  }

  it('never gates sdk-origin tools by the WebMCP policy', () => {
    const { admitted, decisions } = admitTools(
      [tool('anything', 'sdk')],
      compilePolicy({ enabled: false }),
      'https://a.test',
    );
    expect(admitted.map((t) => t.name)).toEqual(['anything']);
    expect(decisions).toEqual([]); // sightings are of page (webmcp) tools only
  });
});
