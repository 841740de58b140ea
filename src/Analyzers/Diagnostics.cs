using Microsoft.CodeAnalysis;

namespace WitSharp.Analyzers
{
    /// <summary>Every WitSharp analyzer rule (WSA0001...). Documented in src/Analyzers/README.md.</summary>
    public static class Diagnostics
    {
        private const string CapabilityCategory = "WitSharp.Capabilities";
        private const string ImportCategory = "WitSharp.Imports";

        /// <summary>WSA0001: a capability granted or bound in C# is not on the allowlist.</summary>
        public static readonly DiagnosticDescriptor CapabilityNotAllowed = new DiagnosticDescriptor(
            "WSA0001",
            "Capability is not on the allowlist",
            "'{0}' is not on this assembly's capability allowlist{1}",
            CapabilityCategory, DiagnosticSeverity.Error, isEnabledByDefault: true,
            description: "A host may only grant plugins the capabilities listed in [assembly: CapabilityAllowlist(...)].");

        /// <summary>WSA0002: a <c>.novywave</c> entry grants a capability or relay channel not on the allowlist.</summary>
        public static readonly DiagnosticDescriptor ConfigGrantNotAllowed = new DiagnosticDescriptor(
            "WSA0002",
            ".novywave grants a capability outside the allowlist",
            "plugin '{0}' is granted '{1}', which is not on the host's capability allowlist{2}",
            CapabilityCategory, DiagnosticSeverity.Error, isEnabledByDefault: true,
            description: "Every capability, WASI interface and relay channel granted in a .novywave file must be on the host assembly's allowlist.");

        /// <summary>WSA0003: an import implementation makes a blocking call.</summary>
        public static readonly DiagnosticDescriptor BlockingCallInImport = new DiagnosticDescriptor(
            "WSA0003",
            "Import implementation blocks",
            "'{0}' implements a WIT import and calls {1}, which blocks the plugin's worker until it returns: use a non-blocking API or do the work outside the import call",
            ImportCategory, DiagnosticSeverity.Warning, isEnabledByDefault: true,
            description: "Guest code waits synchronously for every import call; a blocking import stalls the plugin and eats its call deadline.");

        /// <summary>WSA0004: an import implementation uses System.IO's filesystem types directly.</summary>
        public static readonly DiagnosticDescriptor DirectFileSystemInImport = new DiagnosticDescriptor(
            "WSA0004",
            "Import implementation touches the filesystem directly",
            "'{0}' implements a WIT import and uses {1} directly: reach files through the host's scoped filesystem so a plugin cannot leave its granted directories",
            ImportCategory, DiagnosticSeverity.Warning, isEnabledByDefault: true,
            description: "System.IO file and directory APIs bypass the per-plugin directory grants the host enforces.");

        /// <summary>WSA0005: an allowlist entry names no capability of the world.</summary>
        public static readonly DiagnosticDescriptor UnknownAllowlistEntry = new DiagnosticDescriptor(
            "WSA0005",
            "Allowlist entry names no capability of the world",
            "'{0}' is not an import of {1} nor a WASI interface: capability names are import names such as 'log', 'relay-publish:<channel>' or 'wasi:cli/stdout'",
            CapabilityCategory, DiagnosticSeverity.Warning, isEnabledByDefault: true,
            description: "An entry that matches nothing is usually a typo and hides what the owners meant to allow.",
            customTags: WellKnownDiagnosticTags.CompilationEnd);

        /// <summary>WSA0006: an allowlist entry is never granted.</summary>
        public static readonly DiagnosticDescriptor UnusedAllowlistEntry = new DiagnosticDescriptor(
            "WSA0006",
            "Allowlist entry is never granted",
            "'{0}' is on the capability allowlist but nothing in this project or its .novywave files grants it",
            CapabilityCategory, DiagnosticSeverity.Info, isEnabledByDefault: true,
            description: "Keep the allowlist as small as what the host actually grants.",
            customTags: WellKnownDiagnosticTags.CompilationEnd);

        /// <summary>WSA0007: a <c>.novywave</c> file could not be read, so its grants were not checked.</summary>
        public static readonly DiagnosticDescriptor UnreadableConfig = new DiagnosticDescriptor(
            "WSA0007",
            ".novywave file could not be checked",
            "{0} could not be checked for capability grants: {1}",
            CapabilityCategory, DiagnosticSeverity.Warning, isEnabledByDefault: true,
            description: "The capability grants of a .novywave file that is not valid TOML, or whose grant keys have the wrong shape, cannot be checked.");

        /// <summary>Diagnostic property holding the capability name a code fix adds to or removes from the allowlist.</summary>
        public const string CapabilityProperty = "Capability";
    }
}
