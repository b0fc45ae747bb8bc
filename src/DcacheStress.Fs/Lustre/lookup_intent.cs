// SPDX-License-Identifier: GPL-2.0-only
// struct lookup_intent and the intent dispositions, after lustre/include/lustre_intent.h and
// lustre_idl.h (Linux 4.7 staging).
using DcacheStress.Fs.Server;

namespace DcacheStress.Fs.Lustre;

/// <summary><c>struct lookup_intent</c>: what the client asked the MDS and what it answered.</summary>
public sealed class lookup_intent
{
    public const int IT_OPEN = 1 << 0;
    public const int IT_CREAT = 1 << 1;
    public const int IT_LOOKUP = 1 << 4;
    public const int IT_GETATTR = 1 << 5;

    /// <summary><c>DISP_LOOKUP_EXECD</c>: the MDS did the lookup.</summary>
    public const int DISP_LOOKUP_EXECD = 1 << 1;

    /// <summary><c>DISP_LOOKUP_NEG</c>: the name was absent (set for a create too).</summary>
    public const int DISP_LOOKUP_NEG = 1 << 2;

    /// <summary><c>DISP_OPEN_CREATE</c>: the MDS created the file.</summary>
    public const int DISP_OPEN_CREATE = 1 << 3;

    /// <summary><c>DISP_OPEN_OPEN</c>: the MDS opened the file.</summary>
    public const int DISP_OPEN_OPEN = 1 << 4;

    /// <summary><c>it_op</c>.</summary>
    public int it_op;

    /// <summary><c>it_disposition</c>.</summary>
    public int it_disposition;

    /// <summary><c>it_flags</c>: the open flags.</summary>
    public uint it_flags;

    /// <summary>The lock granted with the reply (<c>it_lock_handle</c> + <c>it_lock_mode</c>): one reader reference.</summary>
    internal ldlm_lock? it_lock;

    /// <summary>The reply body: the entry found or created (<c>mdt_body</c>).</summary>
    internal ServerEntry it_entry;

    /// <summary><c>it_disposition(it, flag)</c>.</summary>
    public bool it_disposition_has(int flag) => (it_disposition & flag) != 0;
}
