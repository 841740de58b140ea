using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using WitSharp.Wit;

namespace WitSharp.Analyzers
{
    /// <summary>
    /// Checks capability grants against <c>[assembly: CapabilityAllowlist(...)]</c>: C# grants (WSA0001),
    /// <c>.novywave</c> grants (WSA0002, WSA0007) and the allowlist itself (WSA0005, WSA0006).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CapabilityAnalyzer : DiagnosticAnalyzer
    {
        private const string CapabilityNameAttributeMetadataName = "WitSharp.HostRuntime.Capabilities.CapabilityNameAttribute";

        /// <inheritdoc />
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
            Diagnostics.CapabilityNotAllowed,
            Diagnostics.ConfigGrantNotAllowed,
            Diagnostics.UnknownAllowlistEntry,
            Diagnostics.UnusedAllowlistEntry,
            Diagnostics.UnreadableConfig);

        /// <inheritdoc />
        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(OnCompilationStart);
        }

        private static void OnCompilationStart(CompilationStartAnalysisContext context)
        {
            INamedTypeSymbol? capabilityName = context.Compilation.GetTypeByMetadataName(CapabilityNameAttributeMetadataName);
            CapabilityAllowlist allowlist = CapabilityAllowlist.Read(context.Compilation, context.CancellationToken);
            if (capabilityName == null && !allowlist.IsDeclared)
                return; // not a WitSharp host: nothing can be granted or allowed
            var worldNames = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);

            if (capabilityName != null)
            {
                context.RegisterOperationAction(
                    c => AnalyzeArgument(c, (IArgumentOperation)c.Operation, capabilityName, allowlist),
                    OperationKind.Argument);
            }
            context.RegisterSymbolAction(c => CollectWorldName(c, worldNames), SymbolKind.NamedType);
            context.RegisterAdditionalFileAction(c => AnalyzeConfig(c, allowlist));
            context.RegisterCompilationEndAction(c => AnalyzeAllowlist(c, allowlist, worldNames.Keys.ToList()));
        }

        private static void AnalyzeArgument(OperationAnalysisContext context, IArgumentOperation argument, INamedTypeSymbol capabilityName, CapabilityAllowlist allowlist)
        {
            AttributeData? marker = argument.Parameter?.GetAttributes()
                .FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, capabilityName));
            if (marker == null || !(argument.Value.ConstantValue.Value is string value))
                return; // only constant names can be checked at compile time (see README)
            string prefix = marker.NamedArguments.FirstOrDefault(n => n.Key == "Prefix").Value.Value as string ?? "";
            string capability = prefix + value;
            if (allowlist.Allows(capability))
                return;
            var properties = ImmutableDictionary<string, string?>.Empty.Add(Diagnostics.CapabilityProperty, capability);
            IEnumerable<Location>? additional = allowlist.AttributeLocation is { } at && at.IsInSource ? new[] { at } : null;
            context.ReportDiagnostic(Diagnostic.Create(
                Diagnostics.CapabilityNotAllowed, argument.Value.Syntax.GetLocation(), additional, properties,
                capability, AllowlistHint(allowlist)));
        }

        private static string AllowlistHint(CapabilityAllowlist allowlist) => allowlist.IsDeclared
            ? ": add it to [assembly: CapabilityAllowlist(...)] if the owners allow it, or do not grant it"
            : ": the assembly declares no [assembly: CapabilityAllowlist(...)], so it may grant nothing";

        private static void CollectWorldName(SymbolAnalysisContext context, ConcurrentDictionary<string, byte> worldNames)
        {
            foreach (AttributeData attribute in context.Symbol.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() == WorldCapabilities.WitWorldAttributeMetadataName
                    && attribute.ConstructorArguments.Length >= 1
                    && attribute.ConstructorArguments[0].Value is string world)
                {
                    worldNames.TryAdd(world, 0);
                }
            }
        }

        private static void AnalyzeConfig(AdditionalFileAnalysisContext context, CapabilityAllowlist allowlist)
        {
            if (!NovywaveGrants.IsNovywaveFile(context.AdditionalFile.Path))
                return;
            NovywaveGrants grants = NovywaveGrants.Read(context.AdditionalFile, context.CancellationToken);
            foreach (NovywaveProblem problem in grants.Problems)
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Diagnostics.UnreadableConfig, problem.Location, context.AdditionalFile.Path, problem.Message));
            }
            foreach (NovywaveGrant grant in grants.Grants)
            {
                if (allowlist.Allows(grant.Capability))
                    continue;
                context.ReportDiagnostic(Diagnostic.Create(
                    Diagnostics.ConfigGrantNotAllowed, grant.Location, grant.PluginId, grant.Capability, AllowlistHint(allowlist)));
            }
        }

        private static void AnalyzeAllowlist(CompilationAnalysisContext context, CapabilityAllowlist allowlist, IReadOnlyCollection<string> worldNames)
        {
            if (allowlist.Entries.IsEmpty)
                return;
            // The generator's @unstable features (WitSharp.Sdk makes the property visible), so both see the same world.
            context.Options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue("build_property.WitSharpWitFeatures", out string? features);
            WorldCapabilities? world = WorldCapabilities.Resolve(worldNames, context.Options.AdditionalFiles, WitResolver.ParseFeatureList(features), context.CancellationToken);
            foreach (AllowlistEntry entry in allowlist.Entries)
            {
                var properties = ImmutableDictionary<string, string?>.Empty.Add(Diagnostics.CapabilityProperty, entry.Name);
                if (world != null && !world.Defines(entry.Name))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        Diagnostics.UnknownAllowlistEntry, entry.Location, properties, entry.Name, world.Description));
                }
                else if (!allowlist.IsUsed(entry))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        Diagnostics.UnusedAllowlistEntry, entry.Location, properties, entry.Name));
                }
            }
        }
    }
}
