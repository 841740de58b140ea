using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using WitSharp.HostRuntime.Capabilities;

namespace WitSharp.Analyzers
{
    /// <summary>One name of <c>[assembly: CapabilityAllowlist(...)]</c> and where it is written.</summary>
    internal sealed class AllowlistEntry
    {
        public AllowlistEntry(string name, Location location)
        {
            Name = name;
            Location = location;
        }

        public string Name { get; }
        public Location Location { get; }
    }

    /// <summary>
    /// The assembly's capability allowlist, and which entries grants have used (thread-safe: analyzer actions run
    /// concurrently).
    /// </summary>
    internal sealed class CapabilityAllowlist
    {
        public const string AttributeMetadataName = "WitSharp.HostRuntime.Capabilities.CapabilityAllowlistAttribute";

        private readonly ConcurrentDictionary<AllowlistEntry, byte> _used = new ConcurrentDictionary<AllowlistEntry, byte>();

        private CapabilityAllowlist(ImmutableArray<AllowlistEntry> entries, Location? attributeLocation)
        {
            Entries = entries;
            AttributeLocation = attributeLocation;
        }

        public ImmutableArray<AllowlistEntry> Entries { get; }

        /// <summary>The first allowlist attribute (where a code fix adds names); null when the assembly has none.</summary>
        public Location? AttributeLocation { get; }

        public bool IsDeclared => AttributeLocation != null;

        public static CapabilityAllowlist Read(Compilation compilation, CancellationToken cancellationToken)
        {
            var entries = ImmutableArray.CreateBuilder<AllowlistEntry>();
            Location? first = null;
            foreach (AttributeData attribute in compilation.Assembly.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() != AttributeMetadataName)
                    continue;
                var syntax = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;
                Location attributeLocation = syntax?.GetLocation() ?? Location.None;
                if (first == null || first == Location.None)
                    first = attributeLocation;
                if (attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Kind != TypedConstantKind.Array
                    || attribute.ConstructorArguments[0].IsNull)
                    continue;
                ImmutableArray<TypedConstant> values = attribute.ConstructorArguments[0].Values;
                IReadOnlyList<ExpressionSyntax> expressions = ArgumentExpressions(syntax);
                for (int i = 0; i < values.Length; i++)
                {
                    if (values[i].Value is string name)
                    {
                        // One expression per name is the usual params form; anything else points at the attribute.
                        Location location = expressions.Count == values.Length ? expressions[i].GetLocation() : attributeLocation;
                        entries.Add(new AllowlistEntry(name, location));
                    }
                }
            }
            return new CapabilityAllowlist(entries.ToImmutable(), first);
        }

        private static IReadOnlyList<ExpressionSyntax> ArgumentExpressions(AttributeSyntax? syntax)
        {
            if (syntax?.ArgumentList == null)
                return Array.Empty<ExpressionSyntax>();
            var arguments = syntax.ArgumentList.Arguments.Where(a => a.NameEquals == null).ToList();
            if (arguments.Count == 1)
            {
                InitializerExpressionSyntax? initializer = arguments[0].Expression switch
                {
                    ArrayCreationExpressionSyntax array => array.Initializer,
                    ImplicitArrayCreationExpressionSyntax array => array.Initializer,
                    _ => null,
                };
                if (initializer != null)
                    return initializer.Expressions;
                if (arguments[0].Expression is CollectionExpressionSyntax collection)
                    return collection.Elements.OfType<ExpressionElementSyntax>().Select(e => e.Expression).ToList();
            }
            return arguments.Select(a => a.Expression).ToList();
        }

        /// <summary>Whether <paramref name="capability"/> may be granted, marking the entries that allow it as used.</summary>
        public bool Allows(string capability)
        {
            bool allowed = false;
            foreach (AllowlistEntry entry in Entries)
            {
                if (CapabilityNames.Allows(entry.Name, capability))
                {
                    _used.TryAdd(entry, 0);
                    allowed = true;
                }
            }
            return allowed;
        }

        public bool IsUsed(AllowlistEntry entry) => _used.ContainsKey(entry);
    }
}
