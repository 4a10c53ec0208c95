import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { staffHomeVisit } from '../../testing/visits.ts';
import { createWorld, type World } from '../../testing/world.ts';

/** Photos through the API, on the small group: uploaded before the visit that shows them, then readable with it. */
let w: World;
beforeEach(async () => {
  w = await createWorld();
});
afterEach(async () => w.cleanup());

const count = (text: string, ...args: unknown[]) => w.sql.value<number>(text, ...args);

const jpeg = (width = 1200, height = 900) =>
  sharp({ create: { width, height, channels: 3, background: '#8a6' } })
    .jpeg()
    .toBuffer();

async function upload(id: string, data: Uint8Array | string, type = 'image/jpeg') {
  const form = new FormData();
  form.set('id', id);
  form.set('file', new Blob([typeof data === 'string' ? data : new Uint8Array(data)], { type }), 'photo.jpg');
  return w.request('/api/photos', { cookie: await w.as('staff'), body: form });
}

describe('photos', () => {
  it('uploads a JPEG once per id, keeps it under the data folder with a WebP thumbnail, and links it to the visit', async () => {
    const { visitBody, issue } = await staffHomeVisit(w);
    const staff = await w.as('staff');
    const cr = await w.as('cr');
    const id = randomUUID();
    const first = await upload(id, await jpeg());
    expect(first.status).toBe(201);
    expect((await first.json()).photo).toMatchObject({ id, width: 1200, height: 900 });
    expect((await upload(id, await jpeg())).status).toBe(200);
    const thumb = await w.request(`/api/photos/${id}/thumb`, { cookie: staff });
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    const meta = await sharp(Buffer.from(await thumb.arrayBuffer())).metadata();
    expect([meta.format, Math.max(meta.width!, meta.height!)]).toEqual(['webp', 320]);
    // before it belongs to a visit only its uploader sees it
    expect((await w.request(`/api/photos/${id}`, { cookie: cr })).status).toBe(404);

    const body = visitBody({
      dutyId: undefined,
      checkpoint: 7,
      answers: { overall: 5, household_status: 'living', issues: [issue({ photos: [id] })], photos: [] },
    });
    const res = await w.request('/api/visits', { cookie: staff, json: body });
    expect(res.status).toBe(201);
    const { visit } = await (await w.request(`/api/visits/${(await res.json()).visit.id}`, { cookie: staff })).json();
    expect(visit.photos.map((p: { id: string }) => p.id)).toEqual([id]);
    expect(visit.issues[0].photos).toEqual([id]);
    // customer relations in scope reads it now; HR, who never sees customer records, does not
    expect((await w.request(`/api/photos/${id}`, { cookie: cr })).status).toBe(200);
    expect((await w.request(`/api/photos/${id}`, { cookie: await w.as('hr') })).status).toBe(403);
    // a photo id the caller never uploaded cannot be attached
    const stranger = await w.request('/api/visits', {
      cookie: staff,
      json: visitBody({
        dutyId: undefined,
        checkpoint: 7,
        answers: { overall: 5, household_status: 'living', issues: [], photos: [randomUUID()] },
      }),
    });
    expect([stranger.status, (await stranger.json()).error.code]).toEqual([422, 'PHOTO_NOT_FOUND']);
  });

  it('refuses files over the limit, of other types, or unreadable, each with a clear message', async () => {
    const big = new Uint8Array(8 * 1024 * 1024 + 100 * 1024);
    const tooBig = await upload(randomUUID(), big);
    expect([tooBig.status, (await tooBig.json()).error.message]).toEqual([413, '照片过大（单张上限 8 MB）。']);
    const gif = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } })
      .gif()
      .toBuffer();
    const wrongType = await upload(randomUUID(), gif, 'image/gif');
    expect([wrongType.status, (await wrongType.json()).error.message]).toEqual([
      415,
      '只支持 JPEG、PNG 或 WebP 格式的照片。',
    ]);
    const broken = await upload(randomUUID(), 'this is not an image', 'image/jpeg');
    expect([broken.status, (await broken.json()).error.code]).toEqual([422, 'PHOTO_UNREADABLE']);
    const notMultipart = await w.request('/api/photos', { cookie: await w.as('staff'), json: { id: randomUUID() } });
    expect(notMultipart.status).toBe(415);
    expect(await count(`select count(*) from photos where bytes > 8388608`)).toBe(0);
  });
});
