using System;
using System.Collections.Generic;
using System.Linq;

namespace WitSharp.Wit.Resolution
{
    /// <summary>
    /// The <c>@unstable</c> features a resolution enables, as wit-parser's <c>Resolve::features</c>: an item gated by an
    /// enabled feature is kept and counts as stable everywhere; an item gated by any other feature is dropped, and
    /// nothing stable may refer to it.
    /// </summary>
    internal sealed class FeatureGates
    {
        private readonly HashSet<string> enabled;

        // Every feature a gate asked about names, so that enabled features nothing names can be told apart.
        private readonly HashSet<string> named = new HashSet<string>(StringComparer.Ordinal);

        public FeatureGates(IEnumerable<string> features) => enabled = new HashSet<string>(features, StringComparer.Ordinal);

        /// <summary>The enabled features no gate has named so far, in ordinal order.</summary>
        public IReadOnlyList<string> Unused => enabled.Where(feature => !named.Contains(feature)).OrderBy(feature => feature, StringComparer.Ordinal).ToList();

        /// <summary>The feature that gates an item with <paramref name="stability"/> off, or null when the item is kept.</summary>
        public string? Off(WitStability stability)
        {
            if (stability.UnstableFeature == null)
            {
                return null;
            }

            named.Add(stability.UnstableFeature);
            return enabled.Contains(stability.UnstableFeature) ? null : stability.UnstableFeature;
        }
    }
}
