/**
 * The length of a WAV file in seconds, from its header (`fmt ` byte rate, `data` size), or undefined
 * for other formats and headers it cannot read. Verification reports the audio minutes it costs.
 */
export function wavSeconds(bytes: Uint8Array): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = (offset: number) => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (bytes.length < 12 || text(0) !== 'RIFF' || text(8) !== 'WAVE') return undefined;
  let byteRate: number | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = text(offset);
    const size = view.getUint32(offset + 4, true);
    if (id === 'fmt ' && offset + 16 <= bytes.length) byteRate = view.getUint32(offset + 16, true);
    if (id === 'data') {
      if (!byteRate) return undefined;
      // A streamed WAV may give 0 or 0xFFFFFFFF as the data size: take what the file holds.
      const available = bytes.length - offset - 8;
      const dataBytes = size === 0 || size > available ? available : size;
      return dataBytes / byteRate;
    }
    // Chunks are padded to an even length.
    offset += 8 + size + (size % 2);
  }
  return undefined;
}
