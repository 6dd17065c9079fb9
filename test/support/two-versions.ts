import { join } from 'node:path';
import { tableFilesIn } from '../../src/catalog/rows.ts';
import type { Server } from 'node:http';
import medicalFacilities from '../../datasets/medical-facilities/definition.ts';
import { createApiHandler } from '../../src/api/app.ts';
import { withdrawalOfFile } from '../../src/catalog/queries.ts';
import { createLocalServer } from '../../src/local/http-server.ts';
import { publishDataset, type PublishReport } from '../../src/pipeline/publish.ts';
import type { WithdrawDeps } from '../../src/catalog/withdraw.ts';
import { loadViewerRequest } from '../../src/site/viewer-request.ts';
import { freePort, listenOn, startTestStack, type TestStack } from './local-stack.ts';

const FIXTURE = join(import.meta.dirname, '../fixtures/medical-facilities/root-export.csv');

export interface TwoVersions {
  stack: TestStack;
  /** The local API and file server, as users reach it. */
  base: string;
  v1: PublishReport;
  v2: PublishReport;
  close(): Promise<void>;
}

/** What `npm run withdraw` gets locally (src/composition-withdraw.ts): the stores, and the static catalog to render again. */
export const withdrawDeps = (stack: TestStack): WithdrawDeps => ({ ...stack.stores, renderSite: stack.deps.renderSite });

/**
 * medical-facilities published twice (a root export, then a province 79 export with one more
 * facility) on the local stack, with the API, the static catalog and the file server in front, as CloudFront serves them: what withdrawal and purge
 * tests start from.
 */
export async function publishTwoVersions(): Promise<TwoVersions> {
  const id = medicalFacilities.id;
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const stack = await startTestStack(base);
  await stack.stores.landing.uploadFile(`${id}/20261120T000000Z-root.csv`, FIXTURE);
  const v1 = await publishDataset(medicalFacilities, { ...stack.deps, now: () => new Date('2026-11-20T02:00:00Z') });
  await stack.stores.landing.put(
    `${id}/79/20261121T000000Z-hcm.csv`,
    'TenCoSo,SoGiayPhep,DiaChi,NgayCap,TinhTrang,TenHinhThuc,SoCCHN_NDD\nPhòng khám Mới,09999/HCM-GPHĐ,"1 Lê Lợi, TP Hồ Chí Minh",None,Đang hoạt động,Phòng khám đa khoa,T-9\n',
  );
  const v2 = await publishDataset(medicalFacilities, { ...stack.deps, now: () => new Date('2026-11-21T02:00:00Z') });
  const api = createApiHandler(
    { catalog: stack.stores.catalog, publicBaseUrl: base, tableFiles: tableFilesIn(stack.stores.publicFiles) },
    { error: () => {} },
  );
  const server: Server = createLocalServer(api, stack.stores.publicFiles, {
    withdrawnBecause: (key) => withdrawalOfFile(stack.stores.catalog, key),
    viewerRequest: loadViewerRequest(),
  });
  await listenOn(server, port);
  return {
    stack,
    base,
    v1,
    v2,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await stack.close();
    },
  };
}
