"""What the benchmark scripts share: the machine's CPU name and a median/min/max summary of measurements."""
import platform
import statistics


def cpu_name():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def summary(values, count_key="n"):
    """Median, min and max of values, with their count under count_key (the key the result files already use)."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values), count_key: len(values)}
