import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { MAX_VISUAL_PARTS, parseChatRequest } from '../../src/serve/request.js';

const img = { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } };

test('chat request: text and image parts in order; too many image parts refused naming the field', () => {
  const ok = parseChatRequest({
    model: 'm',
    messages: [{ role: 'user', content: [img, img, { type: 'text', text: 'Which colour?' }] }],
    max_tokens: 8,
  });
  assert.ok(ok.ok);
  assert.equal(ok.value.visuals.length, 2);
  assert.deepEqual(ok.value.turns, ['Which colour?']);
  assert.equal(ok.value.maxTokens, 8);
  const many = parseChatRequest({
    model: 'm',
    messages: [
      {
        role: 'user',
        content: [...Array.from({ length: MAX_VISUAL_PARTS + 1 }, () => img), { type: 'text', text: 'q' }],
      },
    ],
  });
  assert.ok(!many.ok);
  assert.equal(many.param, 'messages');
  assert.match(many.message, /257 image\/video parts; at most 256/);
  const bad = parseChatRequest({ messages: [{ role: 'user', content: [{ type: 'image_url' }] }] });
  assert.ok(!bad.ok && bad.param?.startsWith('messages[0].content'), String(!bad.ok && bad.param));
});

test('chat request validator: any JSON value gives a typed result, never a throw (10,000 cases)', () => {
  const near = fc.record(
    {
      model: fc.option(fc.string()),
      messages: fc.array(
        fc.record({
          role: fc.constantFrom('user', 'system', 'assistant', 'x'),
          content: fc.oneof(
            fc.string(),
            fc.constant(null),
            fc.array(
              fc.oneof(fc.constant(img), fc.record({ type: fc.constant('text'), text: fc.anything() }), fc.anything()),
              { maxLength: 4 },
            ),
          ),
        }),
        { maxLength: 3 },
      ),
      temperature: fc.anything(),
      max_tokens: fc.anything(),
      stream: fc.anything(),
    },
    { requiredKeys: [] },
  );
  fc.assert(
    fc.property(fc.oneof(fc.jsonValue(), near), (v) => {
      const r = parseChatRequest(v);
      assert.equal(typeof r.ok, 'boolean');
      if (!r.ok) assert.equal(typeof r.message, 'string');
    }),
    { numRuns: 10_000 },
  );
});
