// SPDX-License-Identifier: GPL-2.0-only
using System.Text;
using System.Text.Json;

namespace DcacheStress.Workload.Explore;

/// <summary>
/// A replayable schedule on disk (<c>./run.sh repro --schedule FILE</c>): the patch, the program
/// (start states and every task's operations), the context switches, the invariant it hit, and
/// how explore found it. JSON, written and read by hand (no reflection), format
/// <see cref="Format"/>.
/// </summary>
public sealed record ScheduleFile(string Patch, string Invariant, ExploreProgram Program, IReadOnlyList<ScheduleSwitch> Switches, string FoundBy)
{
    /// <summary>The format tag written.</summary>
    public const string Format = "dcachestress-schedule/2";

    /// <summary>
    /// The previous tag, still read: its switches count points as a scheduler that let every waiter
    /// retry at every release did (<see cref="WakeAll"/>).
    /// </summary>
    public const string Format1 = "dcachestress-schedule/1";

    /// <summary>
    /// Replay with <see cref="ControlledScheduler.WakeAll"/>: true for a format-1 file (written
    /// before a release woke only the waiters it may free), false for what this version writes.
    /// </summary>
    public bool WakeAll { get; init; }

    /// <summary>
    /// The world's kernel threads, numbered after the program's tasks (Lustre's "ldlm_bl_01@mnt1",
    /// "ldlm_bl_01@mnt2"); switches may name them. Empty for NFS; optional in the file.
    /// </summary>
    public IReadOnlyList<string> KernelThreads { get; init; } = [];

    /// <summary>Serialise.</summary>
    public string ToJson()
    {
        using var ms = new MemoryStream();
        using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteString("patch", Patch);
            w.WriteString("invariant", Invariant);
            w.WriteString("found_by", FoundBy);
            w.WriteStartObject("program");
            w.WriteString("name", Program.Name);
            w.WriteStartArray("names");
            foreach (var s in Program.Names)
                w.WriteStringValue(StartName(s));
            w.WriteEndArray();
            w.WriteStartArray("tasks");
            foreach (var ops in Program.Threads)
            {
                w.WriteStartArray();
                foreach (var op in ops)
                {
                    w.WriteStartObject();
                    w.WriteString("op", OpNames.Name(op.Op));
                    w.WriteNumber("mount", op.Mount + 1);
                    w.WriteNumber("name", op.Name);
                    if (op.Op == OpKind.Rename)
                        w.WriteNumber("to", op.Name2);
                    if (op.Entry)
                        w.WriteBoolean("entry", true);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            if (KernelThreads.Count > 0)
            {
                w.WriteStartArray("kernel_threads");
                foreach (string k in KernelThreads)
                    w.WriteStringValue(k);
                w.WriteEndArray();
            }
            w.WriteStartArray("switches");
            foreach (var s in Switches)
            {
                w.WriteStartObject();
                w.WriteNumber("from", s.From);
                w.WriteNumber("at_point", s.AtPoint);
                w.WriteNumber("to", s.To);
                w.WriteBoolean("preemption", s.Preemption);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(ms.ToArray()) + "\n";
    }

    /// <summary>Parse; throws <see cref="FormatException"/> with a one-line reason.</summary>
    public static ScheduleFile Parse(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            string format = Str(root, "format");
            if (format != Format && format != Format1)
                throw new FormatException($"format '{format}' is not {Format} (or {Format1})");
            var program = root.GetProperty("program");
            var names = program.GetProperty("names").EnumerateArray().Select(e => ParseStart(e.GetString() ?? "")).ToList();
            if (names.Count == 0)
                throw new FormatException("program.names is empty");
            var tasks = new List<IReadOnlyList<ExploreOp>>();
            foreach (var t in program.GetProperty("tasks").EnumerateArray())
            {
                var ops = new List<ExploreOp>();
                foreach (var o in t.EnumerateArray())
                {
                    OpKind kind = ParseOp(Str(o, "op"));
                    int mount = o.GetProperty("mount").GetInt32() - 1;
                    int name = o.GetProperty("name").GetInt32();
                    int to = o.TryGetProperty("to", out var toEl) ? toEl.GetInt32() : 0;
                    if (mount is < 0 or > 1 || name < 0 || name >= names.Count || to < 0 || to >= names.Count)
                        throw new FormatException($"op {Str(o, "op")}: mount must be 1 or 2 and names 0..{names.Count - 1}");
                    bool entry = o.TryGetProperty("entry", out var en) && en.GetBoolean();
                    ops.Add(new ExploreOp(kind, mount, name, to, entry));
                }
                tasks.Add(ops);
            }
            if (tasks.Count == 0 || tasks.Any(t => t.Count == 0))
                throw new FormatException("program.tasks must hold at least one task, each with at least one op");
            var switches = root.GetProperty("switches").EnumerateArray().Select(s => new ScheduleSwitch(
                s.GetProperty("from").GetInt32(), s.GetProperty("at_point").GetInt32(), s.GetProperty("to").GetInt32(),
                s.GetProperty("preemption").GetBoolean())).ToList();
            List<string> kthreads = root.TryGetProperty("kernel_threads", out var kt)
                ? [.. kt.EnumerateArray().Select(k => k.GetString() ?? throw new FormatException("kernel_threads holds a non-string"))]
                : [];
            int all = tasks.Count + kthreads.Count;
            if (switches.Any(s => s.From < -1 || s.From >= all || s.To < 0 || s.To >= all))
                throw new FormatException($"a switch names a task outside 0..{all - 1}");
            return new ScheduleFile(Str(root, "patch"), Str(root, "invariant"),
                new ExploreProgram(Str(program, "name"), names, tasks), switches, root.TryGetProperty("found_by", out var fb) ? fb.GetString() ?? "" : "")
            { KernelThreads = kthreads, WakeAll = format == Format1 };
        }
        catch (JsonException e)
        {
            throw new FormatException("not valid JSON: " + e.Message, e);
        }
        catch (KeyNotFoundException e)
        {
            throw new FormatException("a required field is missing: " + e.Message, e);
        }
        catch (InvalidOperationException e)
        {
            throw new FormatException("a field has the wrong type: " + e.Message, e);
        }
    }

    private static string Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new FormatException($"missing string field '{name}'");

    private static string StartName(NameStart s) => s switch
    {
        NameStart.Absent => "absent",
        NameStart.Negative => "negative",
        NameStart.Present => "present",
        _ => "held-unhashed",
    };

    private static NameStart ParseStart(string s) => s switch
    {
        "absent" => NameStart.Absent,
        "negative" => NameStart.Negative,
        "present" => NameStart.Present,
        "held-unhashed" => NameStart.HeldUnhashed,
        _ => throw new FormatException($"name start '{s}' (allowed: absent, negative, present, held-unhashed)"),
    };

    private static OpKind ParseOp(string s)
    {
        foreach (OpKind k in Enum.GetValues<OpKind>())
        {
            if (OpNames.Name(k) == s && k != OpKind.Lookup)
                return k;
        }
        throw new FormatException($"op '{s}' (allowed: open, open_creat, stat, unlink, rename, readdir)");
    }
}
