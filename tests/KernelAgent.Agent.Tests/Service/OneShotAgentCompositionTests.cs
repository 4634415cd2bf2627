using System.Reflection;
using KernelAgent.Agent.Demand;
using KernelAgent.Agent.Service;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KernelAgent.Agent.Tests.Service;

/// <summary>
/// <c>once</c> composes its pass by hand (<see cref="OneShotAgent"/>) where <c>run</c> resolves it from dependency
/// injection: the two object graphs must stay the same, so a component added to one path and not the other fails here.
/// </summary>
public sealed class OneShotAgentCompositionTests : IDisposable
{
    private const int Depth = 6;
    private readonly AgentSandbox _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    [Fact]
    public void Create_SameConfiguration_ComposesThePassAndTheDemandReporterAsDependencyInjectionDoes()
    {
        var config = _sandbox.WriteConfig();
        var configuration = AgentHost.AddConfiguration(new ConfigurationBuilder(), config, new Dictionary<string, string?>()).Build();
        using var services = new ServiceCollection().AddLogging().AddKernelAgent(configuration).BuildServiceProvider();
        using var oneShot = OneShotAgent.Create(config, new Dictionary<string, string?>());

        Assert.Equal(Graph(services.GetRequiredService<AgentPass>()), Graph(oneShot.Pass));
        Assert.Equal(Graph(services.GetRequiredService<DemandReporter>()), Graph(oneShot.Demand));
    }

    /// <summary>"field.path: Type" for every field reachable through the agent's own types.</summary>
    private static List<string> Graph(object root)
    {
        var lines = new List<string>();
        Walk(root, root.GetType().Name, 0, new HashSet<object>(ReferenceEqualityComparer.Instance), lines);
        Assert.NotEmpty(lines);
        return lines;
    }

    private static void Walk(object node, string path, int depth, HashSet<object> seen, List<string> lines)
    {
        if (depth == Depth || !seen.Add(node))
        {
            return;
        }

        for (var type = node.GetType(); type is not null && IsOurs(type); type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
            {
                if (field.FieldType.IsValueType || field.GetValue(node) is not { } value)
                {
                    continue;
                }

                // Framework parts (options wrappers, loggers) differ in their concrete type by construction; the agent's own
                // components are compared by the type that was actually built.
                var fieldPath = $"{path}.{field.Name}";
                var ours = IsOurs(value.GetType());
                lines.Add($"{fieldPath}: {(ours ? value.GetType() : field.FieldType).FullName}");
                if (ours)
                {
                    Walk(value, fieldPath, depth + 1, seen, lines);
                }
            }
        }
    }

    private static bool IsOurs(Type type) => type.Namespace?.StartsWith("KernelAgent.", StringComparison.Ordinal) == true;
}
