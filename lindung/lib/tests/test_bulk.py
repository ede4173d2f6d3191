import gc
import threading

from lindung.lib.bulk import YOUNG_THRESHOLD, fewer_collections


def test_the_threshold_is_raised_inside_and_restored_after():
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold()[0] == max(before[0], YOUNG_THRESHOLD)
        assert gc.get_threshold()[1:] == before[1:]
        assert gc.isenabled()
    assert gc.get_threshold() == before


def test_overlapping_users_in_threads_restore_the_default_only_when_the_last_leaves():
    before = gc.get_threshold()
    inside, leave = threading.Event(), threading.Event()

    def other():
        with fewer_collections():
            inside.set()
            leave.wait(5)

    worker = threading.Thread(target=other)
    with fewer_collections():
        worker.start()
        inside.wait(5)
    # This thread left first: the other import still runs with the raised threshold.
    assert gc.get_threshold()[0] == max(before[0], YOUNG_THRESHOLD)
    leave.set()
    worker.join(5)
    assert gc.get_threshold() == before


def test_an_exception_inside_still_restores_the_default():
    before = gc.get_threshold()
    try:
        with fewer_collections():
            raise ValueError
    except ValueError:
        pass
    assert gc.get_threshold() == before
