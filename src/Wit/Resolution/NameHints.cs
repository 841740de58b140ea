using System;
using System.Collections.Generic;
using System.Linq;

namespace WitSharp.Wit.Resolution
{
    /// <summary>"Did you mean" suggestions by edit distance.</summary>
    internal static class NameHints
    {
        /// <summary>Returns <c>"; did you mean 'x'?"</c> for the closest candidate within a small edit distance, else "".</summary>
        public static string DidYouMean(string name, IEnumerable<string> candidates)
        {
            var limit = Math.Max(1, name.Length / 3);
            var best = candidates
                .Distinct()
                .Select(c => (Name: c, Distance: Distance(name, c)))
                .Where(c => c.Distance <= limit)
                .OrderBy(c => c.Distance)
                .ThenBy(c => c.Name, StringComparer.Ordinal)
                .FirstOrDefault();
            return best.Name == null ? "" : "; did you mean '" + best.Name + "'?";
        }

        private static int Distance(string a, string b)
        {
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (var j = 0; j <= b.Length; j++)
            {
                previous[j] = j;
            }

            for (var i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (var j = 1; j <= b.Length; j++)
                {
                    var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                }

                var swap = previous;
                previous = current;
                current = swap;
            }

            return previous[b.Length];
        }
    }
}
