using System;
using System.Collections.Generic;

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

        public FeatureGates(IEnumerable<string> features) => enabled = new HashSet<string>(features, StringComparer.Ordinal);

        /// <summary>The feature that gates an item with <paramref name="stability"/> off, or null when the item is kept.</summary>
        public string? Off(WitStability stability) =>
            stability.UnstableFeature != null && !enabled.Contains(stability.UnstableFeature) ? stability.UnstableFeature : null;
    }
}
