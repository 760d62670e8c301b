"""Keep freed memory for reuse while training (glibc only; elsewhere this does nothing).

Training allocates the same arrays batch after batch (z^l, a^l, δ^l, the gradients).  With glibc's
defaults, an array over 128 KiB is fresh memory from the operating system, and free memory at the top
of the heap goes back to it as soon as it passes a threshold; so each batch's arrays are page-faulted
afresh.  At 64-128-64-10 with batches of 256 that was about 1,200 page faults per epoch and a third of
the epoch's time in a script importing only ``helpers.nn`` (glibc raises both thresholds by itself once
a large block is freed, which importing matplotlib or SciPy does, so a notebook's kernel was spared).
``keep_freed_memory()`` asks glibc (``mallopt``)
to serve arrays under 4 MiB from the heap and to keep up to 16 MiB of freed heap.  It is process-wide
(the whole kernel keeps at most 16 MiB more), runs once, and is a no-op off glibc.
"""
import os

_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3         # from glibc's <malloc.h>
MMAP_THRESHOLD, TRIM_THRESHOLD = 4 << 20, 16 << 20
_done = []


def keep_freed_memory():
    """Set glibc's mmap and trim thresholds once; return True if they are set (False off glibc)."""
    if not _done:
        _done.append(_set_thresholds())
    return _done[0]


def _set_thresholds():
    try:
        if not os.confstr("CS_GNU_LIBC_VERSION").startswith("glibc"):
            return False
        import ctypes
        libc = ctypes.CDLL(None)                       # the running process: glibc's mallopt is in it
        return bool(libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(libc.mallopt(_M_TRIM_THRESHOLD,
                                                                                          TRIM_THRESHOLD))
    except (ValueError, OSError, AttributeError):
        return False
