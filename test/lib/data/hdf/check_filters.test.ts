import { test } from "node:test";
import * as assert from "node:assert/strict";
import { checkFilters } from "../../../../lib/data/hdf/check_filters.js";

test("decodable filters pass; lzo, szip and blosc:zlib are refused with the reason", () => {
  checkFilters([{ id: 2, name: "shuffle", cd_values: [] }, { id: 1, name: "deflate", cd_values: [9] }]);
  checkFilters([{ id: 32001, name: "blosc", cd_values: [2, 2, 45, 65520, 9, 1, 1] }]);
  assert.throws(() => checkFilters([{ id: 305, name: "lzo", cd_values: [] }]), /filter 305 \(lzo\) is not supported/);
  assert.throws(() => checkFilters([{ id: 4, name: "szip", cd_values: [] }]), /szip/);
  assert.throws(() => checkFilters([{ id: 32001, name: "blosc", cd_values: [2, 2, 45, 65520, 9, 1, 4] }]), /blosc:zlib is not supported/);
});
