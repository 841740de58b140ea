namespace WitSharp.Toml
{
    /// <summary>Finds where UTF-8 goes wrong, so the decoding error can carry a position.</summary>
    internal static class Utf8Validator
    {
        /// <summary>Offset of the first byte that does not start a well-formed sequence, or the length if all are valid.</summary>
        public static int FirstInvalidOffset(byte[] bytes)
        {
            var i = 0;
            while (i < bytes.Length)
            {
                var length = SequenceLength(bytes, i);
                if (length == 0)
                {
                    return i;
                }

                i += length;
            }

            return bytes.Length;
        }

        private static int SequenceLength(byte[] bytes, int i)
        {
            var lead = bytes[i];
            if (lead < 0x80)
            {
                return 1;
            }

            // Second-byte ranges exclude overlongs, surrogates (ED A0..BF) and code points above U+10FFFF.
            int length;
            byte low = 0x80, high = 0xBF;
            if (lead >= 0xC2 && lead <= 0xDF)
            {
                length = 2;
            }
            else if (lead >= 0xE0 && lead <= 0xEF)
            {
                length = 3;
                if (lead == 0xE0)
                {
                    low = 0xA0;
                }
                else if (lead == 0xED)
                {
                    high = 0x9F;
                }
            }
            else if (lead >= 0xF0 && lead <= 0xF4)
            {
                length = 4;
                if (lead == 0xF0)
                {
                    low = 0x90;
                }
                else if (lead == 0xF4)
                {
                    high = 0x8F;
                }
            }
            else
            {
                return 0;
            }

            if (i + length > bytes.Length || bytes[i + 1] < low || bytes[i + 1] > high)
            {
                return 0;
            }

            for (var k = 2; k < length; k++)
            {
                if (bytes[i + k] < 0x80 || bytes[i + k] > 0xBF)
                {
                    return 0;
                }
            }

            return length;
        }
    }
}
