using System;

namespace WitSharp.Wit.Resolution
{
    /// <summary>Orders semantic versions (semver.org precedence: build metadata ignored, a pre-release sorts before its release).</summary>
    internal static class SemanticVersion
    {
        /// <summary>Negative, zero or positive as <paramref name="a"/> precedes, equals or follows <paramref name="b"/>. Both are assumed valid.</summary>
        public static int Compare(string a, string b)
        {
            var (coreA, preA) = Split(a);
            var (coreB, preB) = Split(b);
            var result = CompareIdentifiers(coreA, coreB, true);
            if (result != 0)
            {
                return result;
            }

            if (preA == null || preB == null)
            {
                return preA == null ? (preB == null ? 0 : 1) : -1;
            }

            return CompareIdentifiers(preA, preB, false);
        }

        private static (string Core, string? PreRelease) Split(string version)
        {
            var plus = version.IndexOf('+');
            if (plus >= 0)
            {
                version = version.Substring(0, plus);
            }

            var dash = version.IndexOf('-');
            return dash < 0 ? (version, null) : (version.Substring(0, dash), version.Substring(dash + 1));
        }

        private static int CompareIdentifiers(string a, string b, bool allNumeric)
        {
            var partsA = a.Split('.');
            var partsB = b.Split('.');
            for (var i = 0; i < Math.Min(partsA.Length, partsB.Length); i++)
            {
                var result = CompareIdentifier(partsA[i], partsB[i], allNumeric);
                if (result != 0)
                {
                    return result;
                }
            }

            return partsA.Length.CompareTo(partsB.Length);
        }

        private static int CompareIdentifier(string a, string b, bool numeric)
        {
            var aNumeric = numeric || IsDigits(a);
            var bNumeric = numeric || IsDigits(b);
            if (aNumeric && bNumeric)
            {
                // Compare digit strings without parsing, so huge numbers cannot overflow.
                var trimmedA = a.TrimStart('0');
                var trimmedB = b.TrimStart('0');
                return trimmedA.Length != trimmedB.Length ? trimmedA.Length.CompareTo(trimmedB.Length) : string.CompareOrdinal(trimmedA, trimmedB);
            }

            if (aNumeric != bNumeric)
            {
                return aNumeric ? -1 : 1;
            }

            return string.CompareOrdinal(a, b);
        }

        private static bool IsDigits(string text)
        {
            foreach (var c in text)
            {
                if (c < '0' || c > '9')
                {
                    return false;
                }
            }

            return text.Length > 0;
        }
    }
}
