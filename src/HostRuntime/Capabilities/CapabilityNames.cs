// Compiled into WitSharp.HostRuntime and, as a linked source, into the WitSharp analyzers (netstandard2.0), so compile-time
// and run-time checks match names the same way.
using System;

namespace WitSharp.HostRuntime.Capabilities
{
    /// <summary>How allowlist entries match capability names.</summary>
    public static class CapabilityNames
    {
        /// <summary>The import that publishes on relay channels.</summary>
        public const string RelayPublish = "relay-publish";

        /// <summary>The prefix of a relay channel's capability name: <c>relay-publish:&lt;channel&gt;</c>.</summary>
        public const string RelayChannelPrefix = RelayPublish + ":";

        /// <summary>
        /// Whether the allowlist entry <paramref name="entry"/> allows granting <paramref name="capability"/>: equal
        /// names; a bare <c>relay-publish</c> entry allows every <c>relay-publish:&lt;channel&gt;</c>; a
        /// <c>relay-publish:&lt;channel&gt;</c> entry allows the bare <c>relay-publish</c> import (which publishes
        /// nowhere without a channel grant).
        /// </summary>
        /// <param name="entry">An allowlist entry.</param>
        /// <param name="capability">The capability being granted.</param>
        public static bool Allows(string entry, string capability)
        {
            if (string.Equals(entry, capability, StringComparison.Ordinal))
                return true;
            if (capability.StartsWith(RelayChannelPrefix, StringComparison.Ordinal))
                return entry == RelayPublish;
            if (capability == RelayPublish)
                return entry.StartsWith(RelayChannelPrefix, StringComparison.Ordinal);
            return false;
        }
    }
}
