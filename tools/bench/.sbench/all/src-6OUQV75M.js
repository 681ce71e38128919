import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  require_src
} from "./chunk-TATA7I22.js";
import "./chunk-V4RWK56N.js";
export default require_src();
