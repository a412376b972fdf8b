import { modelsFromUrl } from '../../src/inference/model_urls.js';

describe('modelsFromUrl', () => {
  test('maps names to <base><name>.onnx', async () => {
    const models = modelsFromUrl('https://example.org/sff/models/', ['unfold', 'fusion']);
    expect([...models.keys()]).toEqual(['unfold', 'fusion']);
    expect(await models.get('fusion')!()).toBe('https://example.org/sff/models/fusion.onnx');
  });

  test('a relative base without a page location fails when the model is first needed', async () => {
    const source = modelsFromUrl('/models/', ['unfold']).get('unfold')!;
    await expect(source()).rejects.toThrow(/Invalid URL/);
  });
});
