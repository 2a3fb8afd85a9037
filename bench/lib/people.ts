/** A valid 18-digit 居民身份证号码 (Chongqing area code), distinct per `n` (0–899). */
export function idNumber(n: number): string {
  const body = `500101199001${String(10 + (n % 18)).padStart(2, '0')}${String(100 + n).slice(-3)}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return body + '10X98765432'[sum % 11]!;
}
