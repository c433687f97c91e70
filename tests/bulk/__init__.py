"""Tests of the register's download and upload."""
