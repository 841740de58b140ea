using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using WitSharp.HostRuntime.Capabilities;

namespace WitSharp.Analyzers
{
    internal sealed partial class NovywaveGrants
    {
        /// <summary>Reads the grants of one <c>.novywave</c> file; never throws on bad input.</summary>
        public static NovywaveGrants Read(AdditionalText file, CancellationToken cancellationToken)
        {
            var grants = new List<NovywaveGrant>();
            var problems = new List<NovywaveProblem>();
            SourceText? text = file.GetText(cancellationToken);
            if (text == null)
            {
                problems.Add(new NovywaveProblem("the file could not be read", Location.None));
                return new NovywaveGrants(grants, problems);
            }
            Location At(TextSpan span) => Location.Create(file.Path, span, text.Lines.GetLinePositionSpan(span));

            TomlTable document;
            try
            {
                document = new TomlGrantParser(text.ToString()).ParseDocument();
            }
            catch (TomlGrantParser.SyntaxException e)
            {
                problems.Add(new NovywaveProblem(e.Message, At(new TextSpan(Math.Min(e.Position, text.Length), 0))));
                return new NovywaveGrants(grants, problems);
            }

            if (!(document.Get(PluginsKey) is TomlTable plugins) || !(plugins.Get(EntriesKey) is TomlArray entries))
                return new NovywaveGrants(grants, problems);
            for (int i = 0; i < entries.Items.Count; i++)
            {
                if (!(entries.Items[i] is TomlTable entry))
                {
                    problems.Add(new NovywaveProblem($"'{PluginsKey}.{EntriesKey}' must hold tables", At(entries.Items[i].Span)));
                    continue;
                }
                string pluginId = entry.Get(IdKey) is TomlString id ? id.Value : $"{PluginsKey}.{EntriesKey}[{i}]";
                TomlNode? capabilities = entry.Get(CapabilitiesKey);
                if (capabilities == null)
                    continue;
                if (!(capabilities is TomlTable table))
                {
                    problems.Add(new NovywaveProblem($"'{CapabilitiesKey}' of plugin '{pluginId}' must be a table", At(capabilities.Span)));
                    continue;
                }
                ReadNames(table, ImportsKey, "", pluginId, grants, problems, At);
                ReadNames(table, WasiKey, "", pluginId, grants, problems, At);
                ReadNames(table, RelayChannelsKey, CapabilityNames.RelayChannelPrefix, pluginId, grants, problems, At);
            }
            return new NovywaveGrants(grants, problems);
        }

        private static void ReadNames(TomlTable capabilities, string key, string prefix, string pluginId,
            List<NovywaveGrant> grants, List<NovywaveProblem> problems, Func<TextSpan, Location> at)
        {
            TomlNode? node = capabilities.Get(key);
            if (node == null)
                return;
            if (!(node is TomlArray array))
            {
                problems.Add(new NovywaveProblem($"'{CapabilitiesKey}.{key}' of plugin '{pluginId}' must be an array of strings", at(node.Span)));
                return;
            }
            foreach (TomlNode item in array.Items)
            {
                if (item is TomlString name)
                    grants.Add(new NovywaveGrant(pluginId, prefix + name.Value, at(name.Span)));
                else
                    problems.Add(new NovywaveProblem($"'{CapabilitiesKey}.{key}' of plugin '{pluginId}' must hold only strings", at(item.Span)));
            }
        }
    }
}
