/** Issue codes of CTDP benchmark instances (src/io/ctdp.ts). */
export const CTDP_CODES = ["ctdp_format"] as const;
